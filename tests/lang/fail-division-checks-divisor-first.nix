"x" / "bar"
