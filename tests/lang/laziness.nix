# Unused bindings, attributes, list elements and arguments are never evaluated.
let
  boom = throw "must not be forced";
  set = { a = 1; b = boom; };
  f = x: y: x;
in
[ set.a (builtins.length [ boom boom ]) (f 2 boom) ((x: 3) boom) ]
