{
  imports = [ "bar" "baz" "root" ];
  foo = "foo";
  bar = { };
  baz = { qux = "qux"; };
}
