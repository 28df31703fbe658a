{
  _imports = [ "bar" ];
}
