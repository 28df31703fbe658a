_:

f: { matches = _: true; loader = f; }
