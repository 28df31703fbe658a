# Formals with defaults referring to each other, `@` patterns and ellipsis.
let
  f = { a, b ? a + 1, c ? b * 2, ... }@args: [ a b c (builtins.attrNames args) ];
  g = args@{ x ? y, y ? 5 }: x + y;
in
[ (f { a = 1; }) (f { a = 1; c = 0; d = 9; }) (g { }) ]
