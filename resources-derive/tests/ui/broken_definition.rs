// A definition naming an operation and a resource type that do not exist: one error at the
// `models` argument listing both JSON paths.
mod demo {
    rboto_resources_derive::rboto_resources!(service = "demo", models = "../fixtures/broken");
}

fn main() {}
