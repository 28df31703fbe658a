{
  foo = {
    success = true;
    value = "foo";
  };
  bar = {
    success = false;
    value = false;
  };
  baz = {
    success = true;
    value = "baz";
  };
}
