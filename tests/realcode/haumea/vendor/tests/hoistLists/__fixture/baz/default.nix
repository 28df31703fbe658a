{
  qux = "qux";
  _imports = [ "baz" ];
}
