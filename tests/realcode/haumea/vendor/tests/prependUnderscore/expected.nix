{
  _0foo.bar = "0foo.bar";
  _'bar = "'bar";
  baz = "baz";
}
