# Longest Collatz chain for starting values below 2000: integer arithmetic,
# tail recursion and a strict fold over a generated list.
let
  limit = 2000;
  steps = n: acc:
    if n == 1 then acc
    else steps (if builtins.bitAnd n 1 == 0 then n / 2 else 3 * n + 1) (acc + 1);
  best = builtins.foldl'
    (b: n: let s = steps n 0; in if s > b.steps then { start = n; steps = s; } else b)
    { start = 1; steps = 0; }
    (builtins.genList (i: i + 1) (limit - 1));
in
best
