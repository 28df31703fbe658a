{
  _api = {
    "tul" = "option";
  };
}
