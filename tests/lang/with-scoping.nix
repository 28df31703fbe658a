# `with` never shadows lexical bindings, inner `with` shadows outer, evaluation is lazy.
let
  x = "lexical";
in
with { x = "with"; y = "outer"; };
with { y = "inner"; z = throw "unused"; };
[ x y (with { map = 1; }; builtins.typeOf map) ]
