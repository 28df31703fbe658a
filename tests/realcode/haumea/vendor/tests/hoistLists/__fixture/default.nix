{
  imports = [ "root" ];
}
