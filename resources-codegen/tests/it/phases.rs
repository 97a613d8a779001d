//! The generator's phases on small definitions: naming and collision renames, validation
//! errors with their JSON paths, and expansion.

use rboto_resources_codegen::model::build;
use rboto_resources_codegen::parse::{ResourcesFile, ServiceFile};
use rboto_resources_codegen::{generate, Input, Options};

const SERVICE: &str = r#"{
  "metadata": {"serviceId": "Demo"},
  "operations": {
    "DeleteThing": {"input": {"shape": "DeleteThingRequest"}, "output": {"shape": "DeleteThingResult"}},
    "DescribeThing": {"input": {"shape": "DescribeThingRequest"}, "output": {"shape": "DescribeThingResult"}},
    "ListThings": {"input": {"shape": "ListThingsRequest"}, "output": {"shape": "ListThingsResult"}},
    "CreateThing": {"input": {"shape": "CreateThingRequest"}, "output": {"shape": "Thing"}}
  },
  "shapes": {
    "DeleteThingRequest": {"type": "structure", "members": {"ThingId": {"shape": "String"}, "Force": {"shape": "Boolean"}}},
    "DeleteThingResult": {"type": "structure", "members": {"Deleted": {"shape": "Boolean"}}},
    "DescribeThingRequest": {"type": "structure", "members": {"ThingId": {"shape": "String"}}},
    "DescribeThingResult": {"type": "structure", "members": {"Thing": {"shape": "Thing"}}},
    "ListThingsRequest": {"type": "structure", "members": {"Prefix": {"shape": "String"}, "NextToken": {"shape": "String"}, "MaxResults": {"shape": "Integer"}}},
    "ListThingsResult": {"type": "structure", "members": {"Things": {"shape": "Things"}, "NextToken": {"shape": "String"}}},
    "CreateThingRequest": {"type": "structure", "members": {"Name": {"shape": "String"}, "Tags": {"shape": "Tags"}}},
    "Things": {"type": "list", "member": {"shape": "Thing"}},
    "Thing": {"type": "structure", "members": {
      "Id": {"shape": "String"}, "ThingId": {"shape": "String"}, "Delete": {"shape": "String"},
      "Parent": {"shape": "String"}, "Created": {"shape": "Timestamp"}, "Size": {"shape": "Long"},
      "Secret": {"shape": "Secret"}, "Tags": {"shape": "Tags"}, "Next": {"shape": "Thing"}}},
    "Tags": {"type": "list", "member": {"shape": "Tag"}},
    "Tag": {"type": "structure", "required": ["Key"], "members": {"Key": {"shape": "String"}, "Value": {"shape": "String"}}},
    "Secret": {"type": "string", "sensitive": true},
    "String": {"type": "string"},
    "Boolean": {"type": "boolean"},
    "Integer": {"type": "integer"},
    "Long": {"type": "long"},
    "Timestamp": {"type": "timestamp"}
  }
}"#;

const PAGINATORS: &str = r#"{"pagination": {"ListThings": {"input_token": "NextToken", "output_token": "NextToken", "limit_key": "MaxResults", "result_key": "Things"}}}"#;
const WAITERS: &str = r#"{"version": 2, "waiters": {"ThingExists": {}}}"#;

const RESOURCES: &str = r#"{
  "service": {
    "actions": {"CreateThing": {"request": {"operation": "CreateThing"},
      "resource": {"type": "Thing", "identifiers": [{"target": "Id", "source": "response", "path": "Id"}], "path": "@"}}},
    "hasMany": {"Things": {"request": {"operation": "ListThings"},
      "resource": {"type": "Thing", "identifiers": [{"target": "Id", "source": "response", "path": "Things[].Id"}], "path": "Things[]"}}}
  },
  "resources": {
    "Thing": {
      "identifiers": [{"name": "Id", "memberName": "ThingId"}],
      "shape": "Thing",
      "load": {"request": {"operation": "DescribeThing", "params": [{"target": "ThingId", "source": "identifier", "name": "Id"}]}, "path": "Thing"},
      "actions": {"Delete": {"request": {"operation": "DeleteThing", "params": [{"target": "ThingId", "source": "identifier", "name": "Id"}]}}},
      "has": {"Parent": {"resource": {"type": "Thing", "identifiers": [{"target": "Id", "source": "data", "path": "Parent"}]}}},
      "waiters": {"Exists": {"waiterName": "ThingExists", "params": [{"target": "ThingId", "source": "identifier", "name": "Id"}]}}
    }
  }
}"#;

fn squash(text: &str) -> String {
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    squashed.replace(",)", ")").replace(",>", ">")
}

fn input(resources: &str) -> Input<'_> {
    Input {
        service: "demo",
        resources_json: resources,
        service_json: SERVICE,
        waiters_json: Some(WAITERS),
        paginators_json: Some(PAGINATORS),
        options: Options::default(),
    }
}

fn errors(resources: &str) -> Vec<String> {
    generate(&input(resources))
        .expect_err("the definition is broken")
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn collisions_are_renamed_by_category_in_boto3_precedence() {
    let file: ResourcesFile = serde_json::from_str(RESOURCES).unwrap();
    let service: ServiceFile = serde_json::from_str(SERVICE).unwrap();
    let model = build(&file, &service, &Options::default()).unwrap();
    let thing = &model.resources[1];
    assert_eq!(thing.type_name, "Thing");
    assert_eq!(thing.identifiers[0].method, "id");
    assert_eq!(thing.actions[0].method, "delete");
    assert_eq!(thing.references[0].method, "parent");
    let attributes: Vec<&str> = thing.attributes.iter().map(|a| a.method.as_str()).collect();
    // `Id` is the identifier itself (skipped), `ThingId` its alias, `Delete` and `Parent`
    // lose to the action and the reference.
    assert_eq!(
        attributes,
        [
            "delete_attribute",
            "parent_attribute",
            "created",
            "size",
            "secret",
            "tags",
            "next"
        ]
    );
    assert_eq!(thing.aliases[0].method, "thing_id");
    assert_eq!(thing.waiters[0].method, "wait_until_exists");
    // The service resource gets an implicit constructor per resource.
    let service_resource = &model.resources[0];
    assert_eq!(service_resource.subresources[0].method, "thing");
    assert_eq!(service_resource.collections[0].method, "things");
}

#[test]
fn a_name_that_collides_twice_is_an_error() {
    let broken = RESOURCES.replace(
        r#""actions": {"Delete""#,
        r#""actions": {"IdAction": {"request": {"operation": "DeleteThing"}}, "Id": {"request": {"operation": "DeleteThing"}}, "Delete""#,
    );
    let errors = errors(&broken);
    assert_eq!(
        errors,
        [
            r#"resources.Thing.actions.Id: action name "id" of resource Thing collides, and so does "id_action""#
        ]
    );
}

#[test]
fn every_problem_is_reported_with_its_json_path() {
    let broken = RESOURCES
        .replace(r#""operation": "DeleteThing""#, r#""operation": "DeleteThingg""#)
        .replace(r#""memberName": "ThingId""#, r#""memberName": "ThingIdd""#)
        .replace(r#""waiterName": "ThingExists""#, r#""waiterName": "ThingGone""#)
        .replace(
            r#""has": {"Parent": {"resource": {"type": "Thing""#,
            r#""has": {"Parent": {"resource": {"type": "Widget""#,
        )
        .replace(r#""operation": "ListThings""#, r#""operation": "ListThingz""#)
        .replace(
            r#""params": [{"target": "ThingId", "source": "identifier", "name": "Id"}]}, "path": "Thing""#,
            r#""params": [{"target": "ThingIdent", "source": "identifier", "name": "Ident"}]}, "path": "Thing""#,
        )
        .replace(r#""shape": "Thing",
      "load""#, r#""shape": "Thingy",
      "load""#);
    let found = errors(&broken);
    let expected = [
        r#"service.hasMany.Things.request.operation: unknown operation "ListThingz""#,
        r#"resources.Thing.shape: unknown shape "Thingy""#,
        r#"resources.Thing.load.request.params[0].name: unknown identifier "Ident""#,
        r#"resources.Thing.load.request.params[0].target: operation "DescribeThing" has no input member "ThingIdent""#,
        r#"resources.Thing.actions.Delete.request.operation: unknown operation "DeleteThingg""#,
        r#"resources.Thing.waiters.Exists.waiterName: unknown waiter "ThingGone""#,
        r#"resources.Thing.has.Parent.resource.type: unknown resource type "Widget""#,
    ];
    assert_eq!(found, expected, "{found:#?}");

    let member = RESOURCES.replace(r#""memberName": "ThingId""#, r#""memberName": "ThingIdd""#);
    assert_eq!(
        errors(&member),
        [r#"resources.Thing.identifiers[0].memberName: shape "Thing" has no member "ThingIdd""#]
    );
}

#[test]
fn a_file_that_is_not_json_names_the_file() {
    let errors = errors("{ not json");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("resources-1.json: does not parse"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_small_definition_expands_to_documented_typed_code() {
    let tokens = generate(&input(RESOURCES)).unwrap();
    let file: syn::File = syn::parse2(tokens).unwrap();
    let text = prettyplease::unparse(&file);
    for expected in [
        "pub struct ServiceResource",
        "pub struct Thing",
        "pub fn thing(&self, id: impl ::core::convert::Into<::std::string::String>) -> Thing",
        "pub fn id(&self) -> &str",
        "pub fn thing_id(&self) -> &str",
        "pub async fn created(\n        &self,\n    ) -> ::core::result::Result<\n        ::core::option::Option<__rboto::typed::DateTime>,",
        "pub async fn load(&self)",
        "pub fn delete(&self) -> thing::Delete",
        "pub fn force(mut self, value: bool) -> Self",
        "pub async fn send(self) -> ::core::result::Result<super::types::DeleteThingResult, __rboto::Error>",
        "pub async fn parent(\n        &self,\n    ) -> ::core::result::Result<::core::option::Option<Thing>, __rboto::Error>",
        "pub fn wait_until_exists(&self) -> thing::WaitUntilExists",
        "pub fn things(&self) -> service_resource::ThingsCollection",
        "pub fn prefix(self, value: impl ::core::convert::Into<::std::string::String>) -> Self",
        "pub struct Tag",
        "pub next: ::core::option::Option<::std::boxed::Box<Thing>>",
        "\"*** Sensitive Data Redacted ***\"",
        "Calls Demo DeleteThing with `ThingId` = self.id()",
        "ListThings is paginated",
        // Output-only structures derive Deserialize alone; `Tag` travels both ways.
        "#[derive(::core::fmt::Debug, __rboto::serde::Deserialize, ::core::clone::Clone, ::core::default::Default, ::core::cmp::PartialEq)] #[serde(default, crate = \"__rboto::serde\")] #[non_exhaustive] pub struct DeleteThingResult",
        "#[derive(::core::fmt::Debug, __rboto::serde::Serialize, __rboto::serde::Deserialize, ::core::clone::Clone, ::core::default::Default, ::core::cmp::PartialEq)] #[serde(default, crate = \"__rboto::serde\")] #[non_exhaustive] pub struct Tag",
        // An input structure gets a constructor of its required members and chained setters
        // for the rest.
        "impl Tag { ///A `Tag` with its required members (Key); set the others with the chained setters.\n #[inline] pub fn new(key: impl ::core::convert::Into<::std::string::String>) -> Self { Self { key: ::core::option::Option::Some(key.into()), ..::core::default::Default::default() } }",
        "pub fn value(mut self, value: impl ::core::convert::Into<::std::string::String>) -> Self",
    ] {
        // Compared without whitespace, so line wrapping by the pretty printer does not matter.
        assert!(squash(&text).contains(&squash(expected)), "missing {expected:?} in\n{text}");
    }
    // The paginator drives NextToken and MaxResults; `id` is filled, so no setter.
    assert!(!text.contains("pub fn next_token("));
    assert!(!text.contains("pub fn max_results("));
    assert!(!text.contains("pub fn thing_id(mut self"));
    // Only shapes the resources use get a type.
    assert!(!text.contains("pub struct ListThingsResult"));
    assert!(!text.contains("pub struct DescribeThingResult"));
    // Output-only structures are never built by a program: no constructor.
    assert!(!text.contains("impl DeleteThingResult {"));
}

#[test]
fn skipped_actions_are_left_to_extensions_and_must_exist() {
    let mut with_skip = input(RESOURCES);
    with_skip.options.skip = vec!["resources.Thing.actions.Delete".into()];
    let text = generate(&with_skip).unwrap().to_string();
    assert!(text.contains("pub fn wait_until_exists ("), "{text}");
    assert!(
        !text.contains("pub fn delete ("),
        "the skipped action was generated"
    );

    with_skip.options.skip = vec!["resources.Thing.actions.Destroy".into()];
    let errors: Vec<String> = generate(&with_skip)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [r#"skip: no action at "resources.Thing.actions.Destroy""#]
    );
}
