//! SDK built-ins: client configuration that fills rule-set parameters declaring a
//! `builtIn` (`AWS::Region`, `AWS::UseFIPS`, `SDK::Endpoint`, …).

use super::params::ParamValue;
use crate::error::Error;

/// Client settings the rule sets read through their `builtIn` parameters.
///
/// `None` means "not configured": the parameter then takes the rule set's default. The
/// client fills this from its configuration once per client, the way botocore does (for
/// example `use_arn_region` defaults to `true` for S3 clients and `accelerate` to `false`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuiltIns {
    /// `AWS::Region`.
    pub region: Option<String>,
    /// `AWS::UseFIPS`.
    pub use_fips: Option<bool>,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: Option<bool>,
    /// `SDK::Endpoint`: a custom endpoint URL that overrides the rules' host names.
    pub endpoint: Option<String>,
    /// `AWS::S3::ForcePathStyle` (S3 `addressing_style = "path"`).
    pub force_path_style: Option<bool>,
    /// `AWS::S3::Accelerate` (S3 Transfer Acceleration).
    pub accelerate: Option<bool>,
    /// `AWS::S3::UseGlobalEndpoint` for S3 clients and `AWS::STS::UseGlobalEndpoint` for
    /// STS clients: use the legacy global endpoint in `us-east-1`.
    pub use_global_endpoint: Option<bool>,
    /// `AWS::S3::UseArnRegion` and `AWS::S3Control::UseArnRegion`: let an ARN's region
    /// override the client's.
    pub use_arn_region: Option<bool>,
    /// `AWS::S3::DisableMultiRegionAccessPoints`.
    pub disable_multi_region_access_points: Option<bool>,
    /// `AWS::S3::DisableS3ExpressSessionAuth`.
    pub disable_s3_express_session_auth: Option<bool>,
    /// `AWS::Auth::AccountId`: the account of the credentials, for account-based endpoints.
    pub account_id: Option<String>,
    /// `AWS::Auth::AccountIdEndpointMode`: `preferred`, `required` or `disabled`.
    pub account_id_endpoint_mode: Option<String>,
}

/// Every built-in name this type knows, in declaration order.
pub const BUILT_IN_NAMES: &[&str] = &[
    "AWS::Region",
    "AWS::UseFIPS",
    "AWS::UseDualStack",
    "SDK::Endpoint",
    "AWS::S3::ForcePathStyle",
    "AWS::S3::Accelerate",
    "AWS::S3::UseGlobalEndpoint",
    "AWS::STS::UseGlobalEndpoint",
    "AWS::S3::UseArnRegion",
    "AWS::S3Control::UseArnRegion",
    "AWS::S3::DisableMultiRegionAccessPoints",
    "AWS::S3::DisableS3ExpressSessionAuth",
    "AWS::Auth::AccountId",
    "AWS::Auth::AccountIdEndpointMode",
];

enum Slot<'a> {
    Text(&'a mut Option<String>),
    Flag(&'a mut Option<bool>),
}

impl BuiltIns {
    /// No built-in configured.
    pub fn new() -> Self {
        Self::default()
    }

    fn slot(&mut self, name: &str) -> Option<Slot<'_>> {
        Some(match name {
            "AWS::Region" => Slot::Text(&mut self.region),
            "AWS::UseFIPS" => Slot::Flag(&mut self.use_fips),
            "AWS::UseDualStack" => Slot::Flag(&mut self.use_dual_stack),
            "SDK::Endpoint" => Slot::Text(&mut self.endpoint),
            "AWS::S3::ForcePathStyle" => Slot::Flag(&mut self.force_path_style),
            "AWS::S3::Accelerate" => Slot::Flag(&mut self.accelerate),
            "AWS::S3::UseGlobalEndpoint" | "AWS::STS::UseGlobalEndpoint" => {
                Slot::Flag(&mut self.use_global_endpoint)
            }
            "AWS::S3::UseArnRegion" | "AWS::S3Control::UseArnRegion" => {
                Slot::Flag(&mut self.use_arn_region)
            }
            "AWS::S3::DisableMultiRegionAccessPoints" => {
                Slot::Flag(&mut self.disable_multi_region_access_points)
            }
            "AWS::S3::DisableS3ExpressSessionAuth" => {
                Slot::Flag(&mut self.disable_s3_express_session_auth)
            }
            "AWS::Auth::AccountId" => Slot::Text(&mut self.account_id),
            "AWS::Auth::AccountIdEndpointMode" => Slot::Text(&mut self.account_id_endpoint_mode),
            _ => return None,
        })
    }

    /// The value of a built-in by its rule-set name; `None` when it is not configured or
    /// the name is unknown.
    pub fn get(&self, name: &str) -> Option<ParamValue> {
        let text = |v: &Option<String>| v.clone().map(ParamValue::String);
        let flag = |v: &Option<bool>| v.map(ParamValue::Bool);
        match name {
            "AWS::Region" => text(&self.region),
            "AWS::UseFIPS" => flag(&self.use_fips),
            "AWS::UseDualStack" => flag(&self.use_dual_stack),
            "SDK::Endpoint" => text(&self.endpoint),
            "AWS::S3::ForcePathStyle" => flag(&self.force_path_style),
            "AWS::S3::Accelerate" => flag(&self.accelerate),
            "AWS::S3::UseGlobalEndpoint" | "AWS::STS::UseGlobalEndpoint" => {
                flag(&self.use_global_endpoint)
            }
            "AWS::S3::UseArnRegion" | "AWS::S3Control::UseArnRegion" => flag(&self.use_arn_region),
            "AWS::S3::DisableMultiRegionAccessPoints" => {
                flag(&self.disable_multi_region_access_points)
            }
            "AWS::S3::DisableS3ExpressSessionAuth" => flag(&self.disable_s3_express_session_auth),
            "AWS::Auth::AccountId" => text(&self.account_id),
            "AWS::Auth::AccountIdEndpointMode" => text(&self.account_id_endpoint_mode),
            _ => None,
        }
    }

    /// Sets a built-in by its rule-set name (as botocore's endpoint test cases give them).
    /// Fails for an unknown name or a value of the wrong type.
    pub fn set(&mut self, name: &str, value: ParamValue) -> Result<(), Error> {
        match (self.slot(name), value) {
            (None, _) => Err(Error::endpoint(format!("unknown endpoint built-in {name}"))),
            (Some(Slot::Text(slot)), ParamValue::String(s)) => {
                *slot = Some(s);
                Ok(())
            }
            (Some(Slot::Flag(slot)), ParamValue::Bool(b)) => {
                *slot = Some(b);
                Ok(())
            }
            (Some(Slot::Text(_)), _) => {
                Err(Error::endpoint(format!("built-in {name} takes a string")))
            }
            (Some(Slot::Flag(_)), _) => {
                Err(Error::endpoint(format!("built-in {name} takes a boolean")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for name in BUILT_IN_NAMES {
            let mut b = BuiltIns::new();
            assert_eq!(b.get(name), None, "{name}");
            let value = match b.set(name, ParamValue::Bool(true)) {
                Ok(()) => ParamValue::Bool(true),
                Err(_) => {
                    b.set(name, ParamValue::String("v".into())).unwrap();
                    ParamValue::String("v".into())
                }
            };
            assert_eq!(b.get(name), Some(value), "{name}");
        }
    }

    #[test]
    fn fields_map_to_names() {
        let b = BuiltIns {
            region: Some("eu-west-1".into()),
            force_path_style: Some(true),
            ..BuiltIns::default()
        };
        assert_eq!(b.get("AWS::Region"), Some(ParamValue::from("eu-west-1")));
        assert_eq!(
            b.get("AWS::S3::ForcePathStyle"),
            Some(ParamValue::Bool(true))
        );
        assert_eq!(b.get("AWS::UseFIPS"), None);
        assert_eq!(b.get("AWS::Nope"), None);
        let mut b = b;
        assert!(b.set("AWS::Nope", ParamValue::Bool(true)).is_err());
        assert!(b.set("AWS::Region", ParamValue::Bool(true)).is_err());
    }
}
