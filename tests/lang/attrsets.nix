# Nested attribute paths, dynamic keys, `or`, `?`, `//`, `inherit (e)`.
let
  k = "dyn";
  s = { a.b.c = 1; a.d = 2; ${k} = 3; "quoted key" = 4; };
  src = { p = 1; q = 2; };
in
[ s.a.b.c (s.a.x or "default") (s ? a.d) (s ? a.z) s.dyn s."quoted key" (({ a = 1; } // { b = 2; a = 3; }).a) ({ inherit (src) p q; }.q) ]
