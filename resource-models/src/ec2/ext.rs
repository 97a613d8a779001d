//! The EC2 tag actions boto3 writes by hand (it injects them at class creation), because
//! the resource definition cannot express them: `ServiceResource::create_tags` returns one
//! [`Tag`] per (resource, tag) pair, and `Instance::delete_tags` exists at all.

use serde_json::{Map, Value};

use super::{types, Instance, ServiceResource, Tag};
use rboto_resource::typed::to_value;
use rboto_resource::ResourceCore;
use rboto_runtime::Error;

impl ServiceResource {
    /// Calls EC2 CreateTags with the `Resources` and `Tags` you set, and returns one `Tag`
    /// resource per (resource, tag) pair: 2 resources × 2 tags → 4 tags, as boto3 does.
    pub fn create_tags(&self) -> CreateTags {
        CreateTags {
            core: self.core.clone(),
            input: Map::new(),
        }
    }
}

impl Instance {
    /// Calls EC2 DeleteTags with `Resources` = `[self.id()]` and the `Tags` you set (all
    /// tags when none). Clears the instance's cached data, since its tags changed.
    pub fn delete_tags(&self) -> DeleteTags {
        DeleteTags {
            core: self.core.clone(),
            input: Map::new(),
        }
    }
}

/// Builder for [`ServiceResource::create_tags`].
#[must_use = "an action does nothing until sent"]
#[derive(Clone)]
pub struct CreateTags {
    core: ResourceCore,
    input: Map<String, Value>,
}

impl std::fmt::Debug for CreateTags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateTags").finish_non_exhaustive()
    }
}

impl CreateTags {
    /// Sets `Resources`: the ids of the resources to tag.
    pub fn resources(mut self, ids: Vec<String>) -> Self {
        self.input.insert("Resources".into(), to_value(&ids));
        self
    }

    /// Sets `Tags`: the tags to add (a value may be empty).
    pub fn tags(mut self, tags: Vec<types::Tag>) -> Self {
        self.input.insert("Tags".into(), to_value(&tags));
        self
    }

    /// Sets `DryRun`: check permissions without tagging.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.input.insert("DryRun".into(), Value::Bool(dry_run));
        self
    }

    /// Sends CreateTags; returns the tags made, resource by resource.
    pub async fn send(self) -> Result<Vec<Tag>, Error> {
        let made = rboto_resource::ec2::tags::create_tags(&self.core, self.input).await?;
        Ok(made.into_iter().map(Tag::from).collect())
    }
}

impl std::future::IntoFuture for CreateTags {
    type Output = Result<Vec<Tag>, Error>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Builder for [`Instance::delete_tags`].
#[must_use = "an action does nothing until sent"]
#[derive(Clone)]
pub struct DeleteTags {
    core: ResourceCore,
    input: Map<String, Value>,
}

impl std::fmt::Debug for DeleteTags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeleteTags").finish_non_exhaustive()
    }
}

impl DeleteTags {
    /// Sets `Tags`: the tags to delete (a tag without value deletes that key whatever its
    /// value).
    pub fn tags(mut self, tags: Vec<types::Tag>) -> Self {
        self.input.insert("Tags".into(), to_value(&tags));
        self
    }

    /// Sets `DryRun`: check permissions without deleting.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.input.insert("DryRun".into(), Value::Bool(dry_run));
        self
    }

    /// Sends DeleteTags; the response has no content.
    pub async fn send(self) -> Result<(), Error> {
        rboto_resource::ec2::tags::delete_tags(&self.core, self.input).await?;
        Ok(())
    }
}

impl std::future::IntoFuture for DeleteTags {
    type Output = Result<(), Error>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
