# tryEval catches throw and assert, and a failed thunk can be forced again.
let
  bad = throw "no";
  r1 = builtins.tryEval bad;
  r2 = builtins.tryEval (assert false; 1);
  r3 = builtins.tryEval bad;
in
[ r1.success r2.success r3.success (builtins.tryEval 5).value ]
