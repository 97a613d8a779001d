//! The generator's copy of the shapes the client decodes into JSON agrees with the client's.

#[test]
fn decoded_json_shapes_match_the_client() {
    assert_eq!(
        rboto_resources_codegen::DECODED_JSON_SHAPES,
        rboto_runtime::client::DECODED_JSON_SHAPES
    );
}
