//! Where hooks are kept: their scopes, and the list one client runs.

use std::fmt;
use std::sync::Arc;

use super::Hook;

/// Which calls a hook applies to: every call, one service's, or one operation's. Services
/// are named as botocore names them (`s3`, `dynamodb`, `cloudwatch`), operations as the
/// model does (`PutObject`), like the tail of a boto3 event name (`before-send.s3.PutObject`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    service: Option<String>,
    operation: Option<String>,
}

impl Scope {
    /// Every call of every service.
    pub fn all() -> Self {
        Scope {
            service: None,
            operation: None,
        }
    }

    /// Every call of one service.
    pub fn service(service: impl Into<String>) -> Self {
        Scope {
            service: Some(service.into()),
            operation: None,
        }
    }

    /// Calls of one operation of one service.
    pub fn operation(service: impl Into<String>, operation: impl Into<String>) -> Self {
        Scope {
            service: Some(service.into()),
            operation: Some(operation.into()),
        }
    }

    fn covers_service(&self, service: &str) -> bool {
        self.service.as_deref().is_none_or(|s| s == service)
    }
}

/// A hook with the scope it was registered for.
#[derive(Debug, Clone)]
pub(crate) struct Registered {
    pub scope: Scope,
    pub hook: Arc<dyn Hook>,
}

/// The hooks one client runs, in order, each with the operation it is limited to.
#[derive(Clone, Default)]
pub(crate) struct ClientHooks {
    hooks: Vec<(Option<String>, Arc<dyn Hook>)>,
}

impl ClientHooks {
    /// The hooks of a client of `service`: its own customizations (unscoped), then those of
    /// `registered` whose scope covers the service.
    pub(crate) fn new<'a>(
        service: &str,
        customizations: Vec<Arc<dyn Hook>>,
        registered: impl IntoIterator<Item = &'a Registered>,
    ) -> Self {
        let mut hooks: Vec<_> = customizations.into_iter().map(|h| (None, h)).collect();
        hooks.extend(
            registered
                .into_iter()
                .filter(|r| r.scope.covers_service(service))
                .map(|r| (r.scope.operation.clone(), Arc::clone(&r.hook))),
        );
        ClientHooks { hooks }
    }

    /// The hooks that apply to a call of `operation`, in order.
    pub(crate) fn for_operation<'a>(
        &'a self,
        operation: &'a str,
    ) -> impl Iterator<Item = &'a dyn Hook> {
        self.hooks
            .iter()
            .filter(move |(only, _)| only.as_deref().is_none_or(|o| o == operation))
            .map(|(_, hook)| &**hook)
    }
}

impl fmt::Debug for ClientHooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.hooks.iter().map(|(op, hook)| (op, hook)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Named(&'static str);
    impl Hook for Named {}
    impl fmt::Debug for Named {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    fn names(hooks: &ClientHooks, operation: &str) -> Vec<String> {
        hooks
            .for_operation(operation)
            .map(|h| format!("{h:?}"))
            .collect()
    }

    #[test]
    fn a_client_runs_its_service_customizations_then_the_registered_hooks_that_cover_it() {
        let registered = [
            Registered {
                scope: Scope::all(),
                hook: Arc::new(Named("everywhere")),
            },
            Registered {
                scope: Scope::service("queue"),
                hook: Arc::new(Named("other service")),
            },
            Registered {
                scope: Scope::operation("store", "Put"),
                hook: Arc::new(Named("puts")),
            },
        ];
        let hooks = ClientHooks::new("store", vec![Arc::new(Named("builtin"))], &registered);
        assert_eq!(names(&hooks, "Put"), ["builtin", "everywhere", "puts"]);
        assert_eq!(names(&hooks, "Get"), ["builtin", "everywhere"]);
    }
}
