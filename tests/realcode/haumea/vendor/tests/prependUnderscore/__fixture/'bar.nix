"'bar"
