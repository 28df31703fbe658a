# Deep equality: numbers across types, lists, sets, functions never equal directly. Inside a structure the
# same value on both sides is equal once forced (CppNix compares `Value *`s after forcing them).
let f = x: x; broken = { foo = throw "foo"; }; in
[ (1 == 1.0) ([ 1 [ 2 ] ] == [ 1 [ 2 ] ]) ({ a = 1; b = { c = 2; }; } == { b = { c = 2; }; a = 1; }) (f == f) ([ f ] == [ f ]) ("a" != "b")
  ([ broken ] == [ broken ]) ({ a = broken; } == { a = broken; }) ]
