{
  foo.bar = ./__fixture/foo/bar.nix;
  baz = ./__fixture/baz.nix;
}
