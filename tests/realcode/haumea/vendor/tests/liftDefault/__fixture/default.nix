{
  bar = "notbar";
  baz = "baz";
}
