//! botocore's `xform_name`: CamelCase model names to the snake_case names boto3 shows
//! (`DescribeDBInstances` → `describe_db_instances`, `GatewayARNs` → `gateway_arns`).
//!
//! The exception table is botocore's at the pinned version (`botocore.xform_name`'s prefilled
//! cache, for the `_` separator); `tests/it/botocore_names.rs` runs the pinned botocore over
//! every operation and member name of the imported models and fails when any differs.

/// Names botocore maps by hand because the general rule gets them wrong (its table, for `_`).
const SPECIAL: &[(&str, &str)] = &[
    ("CreateCachediSCSIVolume", "create_cached_iscsi_volume"),
    (
        "DescribeCachediSCSIVolumes",
        "describe_cached_iscsi_volumes",
    ),
    (
        "DescribeStorediSCSIVolumes",
        "describe_stored_iscsi_volumes",
    ),
    ("CreateStorediSCSIVolume", "create_stored_iscsi_volume"),
    (
        "ListHITsForQualificationType",
        "list_hits_for_qualification_type",
    ),
    ("ExecutePartiQLStatement", "execute_partiql_statement"),
    ("ExecutePartiQLTransaction", "execute_partiql_transaction"),
    ("ExecutePartiQLBatch", "execute_partiql_batch"),
    ("CreateOAuth2Token", "create_oauth2_token"),
    ("CreateOAuth2TokenWithIAM", "create_oauth2_token_with_iam"),
    (
        "IntrospectOAuth2TokenWithIAM",
        "introspect_oauth2_token_with_iam",
    ),
    ("RevokeOAuth2TokenWithIAM", "revoke_oauth2_token_with_iam"),
    (
        "AssociateWhatsAppBusinessAccount",
        "associate_whatsapp_business_account",
    ),
    ("CreateWhatsAppDataset", "create_whatsapp_dataset"),
    ("CreateWhatsAppFlow", "create_whatsapp_flow"),
    (
        "CreateWhatsAppMessageTemplate",
        "create_whatsapp_message_template",
    ),
    (
        "CreateWhatsAppMessageTemplateFromLibrary",
        "create_whatsapp_message_template_from_library",
    ),
    (
        "CreateWhatsAppMessageTemplateMedia",
        "create_whatsapp_message_template_media",
    ),
    ("DeleteWhatsAppFlow", "delete_whatsapp_flow"),
    (
        "DeleteWhatsAppMessageMedia",
        "delete_whatsapp_message_media",
    ),
    (
        "DeleteWhatsAppMessageTemplate",
        "delete_whatsapp_message_template",
    ),
    ("DeprecateWhatsAppFlow", "deprecate_whatsapp_flow"),
    (
        "DisassociateWhatsAppBusinessAccount",
        "disassociate_whatsapp_business_account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccount",
        "get_linked_whatsapp_business_account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccountPhoneNumber",
        "get_linked_whatsapp_business_account_phone_number",
    ),
    ("GetOTelEnrichment", "get_otel_enrichment"),
    (
        "GetWhatsAppBusinessPublicKey",
        "get_whatsapp_business_public_key",
    ),
    ("GetWhatsAppCallPermission", "get_whatsapp_call_permission"),
    ("GetWhatsAppFlow", "get_whatsapp_flow"),
    ("GetWhatsAppFlowPreview", "get_whatsapp_flow_preview"),
    ("GetWhatsAppMessageMedia", "get_whatsapp_message_media"),
    (
        "GetWhatsAppMessageTemplate",
        "get_whatsapp_message_template",
    ),
    (
        "ListLinkedWhatsAppBusinessAccounts",
        "list_linked_whatsapp_business_accounts",
    ),
    ("ListWhatsAppFlowAssets", "list_whatsapp_flow_assets"),
    ("ListWhatsAppFlows", "list_whatsapp_flows"),
    (
        "ListWhatsAppMessageTemplates",
        "list_whatsapp_message_templates",
    ),
    (
        "ListWhatsAppTemplateLibrary",
        "list_whatsapp_template_library",
    ),
    ("PostWhatsAppMessageMedia", "post_whatsapp_message_media"),
    ("PublishWhatsAppFlow", "publish_whatsapp_flow"),
    (
        "PutWhatsAppBusinessPublicKey",
        "put_whatsapp_business_public_key",
    ),
    (
        "PutWhatsAppBusinessAccountEventDestinations",
        "put_whatsapp_business_account_event_destinations",
    ),
    (
        "SendWhatsAppConversionEvent",
        "send_whatsapp_conversion_event",
    ),
    ("SendWhatsAppMessage", "send_whatsapp_message"),
    ("SendWhatsAppCallEvent", "send_whatsapp_call_event"),
    ("StartOTelEnrichment", "start_otel_enrichment"),
    ("StopOTelEnrichment", "stop_otel_enrichment"),
    ("UpdateOTelEnrichment", "update_otel_enrichment"),
    ("UpdateWhatsAppFlow", "update_whatsapp_flow"),
    ("UpdateWhatsAppFlowAssets", "update_whatsapp_flow_assets"),
    (
        "UpdateLinkedWhatsAppBusinessAccountPhoneNumber",
        "update_linked_whatsapp_business_account_phone_number",
    ),
    (
        "UpdateWhatsAppMessageTemplate",
        "update_whatsapp_message_template",
    ),
];

/// Converts a CamelCase name to snake_case by botocore's rule. A name that already holds an
/// underscore is returned unchanged.
///
/// The rule: a trailing pluralised acronym (`ARNs`, `ACLs`) is split off first as `_arns`;
/// then an underscore goes before every capital that starts a lowercase run (after any
/// character), and between a lowercase letter or digit and a following capital; then
/// everything is lowercased.
pub fn xform_name(name: &str) -> String {
    if name.contains('_') {
        return name.to_string();
    }
    if let Some((_, special)) = SPECIAL.iter().find(|(from, _)| *from == name) {
        return special.to_string();
    }
    let chars: Vec<char> = name.chars().collect();
    let split = split_plural_acronym(&chars);
    let first = insert_before_capitalised_words(&split);
    insert_between_lower_and_upper(&first)
        .into_iter()
        .collect::<String>()
        .to_lowercase()
}

/// `XyzABCs` → `Xyz_abcs`: a run of two or more capitals and a final `s` at the end.
fn split_plural_acronym(chars: &[char]) -> Vec<char> {
    if chars.last() != Some(&'s') {
        return chars.to_vec();
    }
    let body = &chars[..chars.len() - 1];
    let run = body
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    if run < 2 {
        return chars.to_vec();
    }
    let start = body.len() - run;
    let mut out = chars[..start].to_vec();
    out.push('_');
    out.extend(chars[start..].iter().map(|c| c.to_ascii_lowercase()));
    out
}

/// `(.)([A-Z][a-z]+)` → `\1_\2`, matches taken left to right without overlap.
fn insert_before_capitalised_words(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let upper_then_lower = i + 2 < chars.len()
            && chars[i] != '\n'
            && chars[i + 1].is_ascii_uppercase()
            && chars[i + 2].is_ascii_lowercase();
        if upper_then_lower {
            let mut end = i + 3;
            while end < chars.len() && chars[end].is_ascii_lowercase() {
                end += 1;
            }
            out.push(chars[i]);
            out.push('_');
            out.extend_from_slice(&chars[i + 1..end]);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `([a-z0-9])([A-Z])` → `\1_\2`, matches taken left to right without overlap.
fn insert_between_lower_and_upper(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c.is_ascii_lowercase() || c.is_ascii_digit())
            && i + 1 < chars.len()
            && chars[i + 1].is_ascii_uppercase()
        {
            out.push(c);
            out.push('_');
            out.push(chars[i + 1]);
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xform_name;

    #[test]
    fn matches_botocore_on_known_names() {
        let cases = [
            ("GetQueueByName", "get_queue_by_name"),
            ("DescribeDBInstances", "describe_db_instances"),
            ("CreateDBSnapshot", "create_db_snapshot"),
            ("BucketName", "bucket_name"),
            ("Id", "id"),
            ("accountId", "account_id"),
            ("ListObjectsV2", "list_objects_v2"),
            ("GatewayARNs", "gateway_arns"),
            ("ListWebACLs", "list_web_acls"),
            ("SomeCNAMEs", "some_cnames"),
            ("ARNs", "_arns"),
            ("DBs", "_dbs"),
            ("CreateCachediSCSIVolume", "create_cached_iscsi_volume"),
            ("ExecutePartiQLStatement", "execute_partiql_statement"),
            ("GetOTelEnrichment", "get_otel_enrichment"),
            ("CreateOAuth2TokenWithIAM", "create_oauth2_token_with_iam"),
            ("WaitUntilExists", "wait_until_exists"),
            ("MultipartUploadId", "multipart_upload_id"),
            ("VpcPeeringConnectionId", "vpc_peering_connection_id"),
            ("Ipv6CidrBlock", "ipv6_cidr_block"),
            ("already_snake", "already_snake"),
            ("HTTPStatusCode", "http_status_code"),
            ("MFADelete", "mfa_delete"),
            ("ETag", "e_tag"),
            ("SSECustomerAlgorithm", "sse_customer_algorithm"),
            ("SSEKMSKeyId", "ssekms_key_id"),
            ("PartNumber", "part_number"),
        ];
        for (input, expected) in cases {
            assert_eq!(xform_name(input), expected, "{input}");
        }
    }
}
