{
  options = {
    root = "option";
    bar = {
      baz.qui = "option";
      tul = "option";
    };
  };
  foo = "foo";
  bar.baz.qux = "qux";
}
