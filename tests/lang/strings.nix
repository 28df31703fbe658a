# Interpolation, coercion through __toString and outPath, concatenation.
let
  obj = { __toString = self: "obj"; };
  drvish = { outPath = "/out"; };
  n = 5;
in
[ "a${"b"}c" "${obj}-${drvish}" ("x" + "y") (toString n) (toString [ 1 null true "s" ]) ]
