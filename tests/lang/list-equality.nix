# Lists of different lengths are unequal before any element is forced; empty lists are equal.
[ ([ (throw "not forced") ] == [ ]) ([ ] == [ ]) ([ ] != [ 1 ]) ([ 1 (throw "not forced") ] == [ 1 ]) ([ ] == { })
  ([ [ ] ] == [ [ ] ]) (builtins.elem [ ] [ [ (throw "not forced") ] [ ] ]) ({ a = [ ]; } == { a = [ ]; }) ]
