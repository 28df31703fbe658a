{ haumea }:

haumea.load {
  src = ./__fixture;
}
