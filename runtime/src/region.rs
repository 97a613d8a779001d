//! Which region clients are made for: the program's choice, then `AWS_DEFAULT_REGION`, then
//! `AWS_REGION`, then the profile's `region`, then (when asked for) the instance metadata
//! service.
//!
//! botocore itself reads only `AWS_DEFAULT_REGION` from the environment; `AWS_REGION`, which
//! the other AWS SDKs and Lambda set, is read after it so such environments work too. Instance
//! metadata is consulted only when the caller passes an [`ImdsProvider`], because off EC2 the
//! attempt costs the metadata timeout.

use crate::config_file::{Env, Profile};
use crate::credentials::ImdsProvider;
use crate::Error;

/// Where a region came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegionSource {
    /// Set by the program.
    Explicit,
    /// From this environment variable.
    Environment(&'static str),
    /// The profile's `region` key.
    Profile,
    /// The instance's availability zone.
    InstanceMetadata,
}

/// A region and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The region name (`eu-west-1`).
    pub name: String,
    /// Its source.
    pub source: RegionSource,
}

const ENV_VARS: [&str; 2] = ["AWS_DEFAULT_REGION", "AWS_REGION"];

/// The region from the program, the environment or the profile, without network calls.
pub fn configured_region(
    explicit: Option<&str>,
    env: &Env,
    profile: Option<&Profile>,
) -> Option<Region> {
    let found = |name: &str, source| {
        Some(Region {
            name: name.trim().to_string(),
            source,
        })
        .filter(|r| !r.name.is_empty())
    };
    explicit
        .and_then(|r| found(r, RegionSource::Explicit))
        .or_else(|| {
            ENV_VARS
                .iter()
                .find_map(|var| found(env.get(var)?, RegionSource::Environment(var)))
        })
        .or_else(|| found(profile?.get("region")?, RegionSource::Profile))
}

/// [`configured_region`], then the instance metadata service through `imds` if given.
pub async fn resolve_region(
    explicit: Option<&str>,
    env: &Env,
    profile: Option<&Profile>,
    imds: Option<&ImdsProvider>,
) -> Result<Option<Region>, Error> {
    if let Some(region) = configured_region(explicit, env, profile) {
        return Ok(Some(region));
    }
    let Some(imds) = imds else {
        return Ok(None);
    };
    Ok(imds.region().await?.map(|name| Region {
        name,
        source: RegionSource::InstanceMetadata,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_table() {
        let profile = Profile::from_pairs("p", [("region", "from-profile")]);
        let empty = Profile::from_pairs("p", [("output", "json")]);
        let both = Env::new()
            .with("AWS_DEFAULT_REGION", "from-default")
            .with("AWS_REGION", "from-region");
        let only_region = Env::new().with("AWS_REGION", "from-region");
        let blank = Env::new().with("AWS_DEFAULT_REGION", " ");
        type Case<'a> = (
            Option<&'a str>,
            &'a Env,
            Option<&'a Profile>,
            Option<(&'a str, RegionSource)>,
        );
        let cases: [Case; 7] = [
            (
                Some("explicit"),
                &both,
                Some(&profile),
                Some(("explicit", RegionSource::Explicit)),
            ),
            (
                None,
                &both,
                Some(&profile),
                Some((
                    "from-default",
                    RegionSource::Environment("AWS_DEFAULT_REGION"),
                )),
            ),
            (
                None,
                &only_region,
                Some(&profile),
                Some(("from-region", RegionSource::Environment("AWS_REGION"))),
            ),
            (
                None,
                &blank,
                Some(&profile),
                Some(("from-profile", RegionSource::Profile)),
            ),
            (
                Some(""),
                &Env::new(),
                Some(&profile),
                Some(("from-profile", RegionSource::Profile)),
            ),
            (None, &Env::new(), Some(&empty), None),
            (None, &Env::new(), None, None),
        ];
        for (explicit, env, profile, expected) in cases {
            let got = configured_region(explicit, env, profile);
            assert_eq!(
                got.as_ref().map(|r| (r.name.as_str(), r.source)),
                expected,
                "{explicit:?} {env:?}"
            );
        }
    }
}
