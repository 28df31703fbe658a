"baz"
