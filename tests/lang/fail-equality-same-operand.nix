# The operands of `==` are not equal for being the same value: their attributes are compared.
let x = { foo = throw "foo"; }; in x == x
