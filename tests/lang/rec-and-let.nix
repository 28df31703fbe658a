# Recursive sets and lets see their own bindings, in any order; inherit looks outside.
let
  x = 10;
  s = rec { a = b + 1; b = 2; c = a * b; };
  t = let inherit x; y = x + 1; in { inherit x y; };
  fwd = let a = b; b = c; c = 7; in a;
in
[ s.a s.c t.x t.y fwd ]
