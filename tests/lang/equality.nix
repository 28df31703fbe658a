# Deep equality: numbers across types, lists, sets, functions never equal directly.
let f = x: x; in
[ (1 == 1.0) ([ 1 [ 2 ] ] == [ 1 [ 2 ] ]) ({ a = 1; b = { c = 2; }; } == { b = { c = 2; }; a = 1; }) (f == f) ([ f ] == [ f ]) ("a" != "b") ]
