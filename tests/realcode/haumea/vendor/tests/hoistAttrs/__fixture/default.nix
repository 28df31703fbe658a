{
  options = { root = "option"; };
}
