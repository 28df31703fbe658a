# A tail-recursive loop of 5,000 steps stays within the default call depth budget of its own frames.
let
  loop = n: acc: if n == 0 then acc else loop (n - 1) (acc + n);
in
loop 5000 0
