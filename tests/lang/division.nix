# Division truncates toward zero in every sign combination, by the operator and by builtins.div,
# with variables as operands too (the compiled fast path) and floats mixed in.
let a = 7; b = 2; z = 0; in
[ (a / b) (-a / b) (a / -b) (-a / -b) (z / b) (z / -b) (a / 2.0) (7.5 / b)
  (builtins.div a b) (builtins.div (-a) b) (builtins.div a (-b)) (builtins.div (-a) (-b)) (builtins.div z b)
  (9223372036854775807 / 1) (builtins.div 9223372036854775807 b) ]
