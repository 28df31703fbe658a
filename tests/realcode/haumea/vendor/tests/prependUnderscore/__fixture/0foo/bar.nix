"0foo.bar"
