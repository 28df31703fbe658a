"bar"
