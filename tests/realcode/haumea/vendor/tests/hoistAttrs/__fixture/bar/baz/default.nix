{
  qux = "qux";
  _api = {
    "qui" = "option";
  };
}
