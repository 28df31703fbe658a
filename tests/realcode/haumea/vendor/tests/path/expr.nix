{ haumea }:

haumea.load {
  src = ./__fixture;
  loader = haumea.loaders.path;
}
