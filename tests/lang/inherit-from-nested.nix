# `inherit (e)` whose source itself holds sets with `inherit (e)`, also under attribute paths.
[
  { a = { inherit ({ inherit ({ i = { j = 1; }; }) i; }.i) j; }; }
  { a.b = { inherit ({ x = { inherit ({ q = 1; }) q; }; }) x; }; }
  (let s = { inherit ({ y = { inherit ({ z = 2; }) z; }; w = 3; }) y w; }; in s)
  (rec { inherit ({ p = { inherit ({ r = 4; }) r; }; }) p; t = p.r; })
]
