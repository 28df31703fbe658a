# Primes below 4000 by trial division against the primes found so far:
# list building, filtering, folding and short-circuiting `all`.
let
  limit = 4000;
  isPrime = primes: n:
    builtins.all (p: p * p > n || n - (n / p) * p != 0) primes;
  primes = builtins.foldl'
    (ps: n: if isPrime ps n then ps ++ [ n ] else ps)
    [ ]
    (builtins.genList (i: i + 2) (limit - 2));
  count = builtins.length primes;
in
{
  inherit count;
  last = builtins.elemAt primes (count - 1);
  sum = builtins.foldl' (a: b: a + b) 0 primes;
  twins = builtins.length (builtins.filter (p: builtins.elem (p + 2) primes) (builtins.genList (i: builtins.elemAt primes i) 200));
}
