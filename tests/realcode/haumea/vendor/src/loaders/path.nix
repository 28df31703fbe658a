_:

_: path: path
