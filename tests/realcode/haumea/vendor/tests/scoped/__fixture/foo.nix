_:

"foo"
