"foo.bar"
