//! Reads one service's model files and runs the generator's parse and model phases.

use std::path::Path;

use rboto_resources_codegen::expand::types::{Types, Use};
use rboto_resources_codegen::model::{self, ServiceModel};
use rboto_resources_codegen::parse::{self, ResourcesFile, ServiceFile};
use rboto_resources_codegen::Options;

use crate::{Extension, Generated};

/// A service as the generator sees it.
pub struct Service {
    /// Module name (`s3`).
    pub name: String,
    /// API version folder (`2006-03-01`).
    pub api_version: String,
    /// `service-2.json`, parsed.
    pub model: ServiceFile,
    /// The resolved resources with their Rust names.
    pub resolved: ServiceModel,
    /// Actions written by hand beside the generated module.
    pub extensions: &'static [Extension],
}

impl Service {
    /// Loads `<crate>/models/<name>/<version>/`, the one version folder found by listing,
    /// with the `loaders` and `skip` lists of the macro call in `<crate>/src/<name>/mod.rs`.
    pub fn load(models_crate: &Path, generated: &Generated) -> Result<Service, String> {
        let name = generated.service;
        let folder = models_crate.join("models").join(name);
        let version = std::fs::read_dir(&folder)
            .map_err(|e| format!("cannot list {}: {e}", folder.display()))?
            .filter_map(|entry| entry.ok())
            .find(|entry| entry.path().join("resources-1.json").is_file())
            .ok_or_else(|| format!("no resources-1.json under {}", folder.display()))?
            .file_name()
            .to_string_lossy()
            .into_owned();
        let read = |file: &str| {
            let path = folder.join(&version).join(file);
            std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        let resources: ResourcesFile = parse::parse("resources-1.json", &read("resources-1.json")?)
            .map_err(|e| e.to_string())?;
        let model: ServiceFile =
            parse::parse("service-2.json", &read("service-2.json")?).map_err(|e| e.to_string())?;
        let module = models_crate.join("src").join(name).join("mod.rs");
        let invocation = std::fs::read_to_string(&module)
            .map_err(|e| format!("cannot read {}: {e}", module.display()))?;
        let options = Options {
            loaders: macro_list(&invocation, "loaders"),
            skip: macro_list(&invocation, "skip"),
            ..Options::default()
        };
        let resolved = model::build(&resources, &model, &options).map_err(|errors| {
            let all: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            format!("{name}: {}", all.join("; "))
        })?;
        Ok(Service {
            name: name.to_owned(),
            api_version: version,
            model,
            resolved,
            extensions: generated.extensions,
        })
    }

    /// The service's display name from its metadata (`Amazon S3`).
    pub fn display_name(&self) -> String {
        let meta = &self.model.metadata;
        meta.service_abbreviation
            .clone()
            .or_else(|| meta.service_full_name.clone())
            .or_else(|| meta.service_id.clone())
            .unwrap_or_else(|| self.name.clone())
    }

    /// The Rust type a getter of this shape returns, as the generated code spells it, with
    /// paths shortened for reading (`Vec<types::Tag>`, `DateTime`).
    pub fn rust_type(&self, shape: &str) -> String {
        let mut types = Types::new(&self.model, &self.name, &self.name);
        let prefix: proc_macro2::TokenStream = "types::".parse().expect("a path prefix");
        let tokens = types.rust_type(shape, &prefix, Use::OUTPUT).to_string();
        let compact: String = tokens.chars().filter(|c| !c.is_whitespace()).collect();
        compact
            .replace("::std::string::", "")
            .replace("::std::vec::", "")
            .replace("::std::collections::", "")
            .replace("__rboto::typed::", "")
            .replace("__rboto::serde_json::", "serde_json::")
            .replace(',', ", ")
    }

    /// The Rust type name of a resource type (`Bucket`).
    pub fn type_of(&self, resource: &str) -> String {
        self.resolved
            .resources
            .iter()
            .find(|r| r.name == resource)
            .map_or_else(|| resource.to_owned(), |r| r.type_name.clone())
    }

    /// The output shape of an operation, if it has members worth naming.
    pub fn output_shape(&self, operation: &str) -> Option<String> {
        let shape = self
            .model
            .operations
            .get(operation)?
            .output
            .as_ref()?
            .shape
            .clone();
        let types = Types::new(&self.model, &self.name, &self.name);
        types.has_members(&shape).then_some(shape)
    }
}

/// The strings of `key = ["a", "b"]` in an `rboto_resources!` call; empty when absent.
fn macro_list(invocation: &str, key: &str) -> Vec<String> {
    let Some(start) = invocation.find(&format!("{key} = [")) else {
        return Vec::new();
    };
    let rest = &invocation[start..];
    let list = &rest[rest.find('[').map_or(0, |i| i + 1)..rest.find(']').unwrap_or(rest.len())];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn macro_lists_are_read_from_the_invocation() {
        let call = r#"rboto_resources!(service = "s3", models = "m", loaders = ["Bucket", "ObjectSummary"],
            skip = [
                "resources.Table.actions.Query",
                "service.actions.CreateTags"
            ]);"#;
        assert_eq!(
            super::macro_list(call, "loaders"),
            ["Bucket", "ObjectSummary"]
        );
        assert_eq!(
            super::macro_list(call, "skip"),
            [
                "resources.Table.actions.Query",
                "service.actions.CreateTags"
            ]
        );
        assert!(super::macro_list(call, "nothing").is_empty());
    }
}
