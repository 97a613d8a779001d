//! DynamoDB transactions with typed items, end to end against moto: a transfer between
//! accounts (puts, updates with conditions, a condition check, a delete) read back with
//! `transact_get`; a cancelled transaction whose reasons name the failed item and carry its
//! stored state; versioned items checked and incremented inside a transaction.

use crate::common;

use common::{client, must, session, unique};
use rboto::dynamodb::{Attr, Item, ServiceResource, Table, TransactionErrorExt, Update};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Item)]
#[item(hash_key = "id")]
struct Account {
    id: String,
    balance: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Item)]
#[item(hash_key = "id", version = "version")]
struct Ledger {
    id: String,
    entries: u32,
    version: u64,
}

fn dynamodb() -> ServiceResource {
    must(
        "dynamodb service resource",
        ServiceResource::new(&session()),
    )
}

async fn table(ddb: &ServiceResource, prefix: &str) -> Table {
    let name = unique(prefix);
    must(
        "CreateTable",
        client("dynamodb")
            .call(
                "CreateTable",
                json!({
                    "TableName": name,
                    "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]
                }),
            )
            .await,
    );
    ddb.table(name)
}

fn account(id: &str, balance: i64) -> Account {
    Account {
        id: id.into(),
        balance,
    }
}

async fn balances(ddb: &ServiceResource, accounts: &Table) -> Vec<Option<Account>> {
    must(
        "TransactGetItems",
        ddb.transact_get::<Account>()
            .get(accounts, "ada".into())
            .get(accounts, "bob".into())
            .get(accounts, "nobody".into())
            .send()
            .await,
    )
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_transfer_commits_every_write_or_none_with_reasons() {
    let ddb = dynamodb();
    let accounts = table(&ddb, "accounts").await;
    let ledgers = table(&ddb, "ledgers").await;

    let versions = must(
        "TransactWriteItems open",
        ddb.transact_write()
            .put(&accounts, &account("ada", 100), None)
            .put(
                &accounts,
                &account("bob", 0),
                Some(Attr::new("id").not_exists()),
            )
            .put(
                &ledgers,
                &Ledger {
                    id: "main".into(),
                    entries: 0,
                    version: 0,
                },
                None,
            )
            .client_request_token(unique("open"))
            .send()
            .await,
    );
    assert_eq!(
        versions,
        [None, None, Some(1)],
        "the ledger is new: version 1"
    );

    let versions = must(
        "TransactWriteItems transfer",
        ddb.transact_write()
            .update::<Account>(
                &accounts,
                "ada".into(),
                Update::new().add("balance", -30),
                Some(Attr::new("balance").ge(30)),
            )
            .update::<Account>(
                &accounts,
                "bob".into(),
                Update::new().add("balance", 30),
                None,
            )
            .update::<Ledger>(
                &ledgers,
                "main".into(),
                Update::new().add("entries", 1),
                None,
            )
            .expected_version(1)
            .send()
            .await,
    );
    assert_eq!(versions, [None, None, Some(2)]);
    assert_eq!(
        balances(&ddb, &accounts).await,
        [Some(account("ada", 70)), Some(account("bob", 30)), None]
    );
    assert_eq!(
        must("GetItem", ledgers.get::<Ledger>("main".into()).await),
        Some(Ledger {
            id: "main".into(),
            entries: 1,
            version: 2
        })
    );

    let err = ddb
        .transact_write()
        .update::<Account>(
            &accounts,
            "ada".into(),
            Update::new().add("balance", 500),
            None,
        )
        .update::<Account>(
            &accounts,
            "bob".into(),
            Update::new().add("balance", -500),
            Some(Attr::new("balance").ge(500)),
        )
        .old_items_on_condition_failure()
        .send()
        .await
        .expect_err("bob has 30");
    assert!(err.is_transaction_canceled(), "{err:?}");
    assert!(!err.is_conditional_check_failed());
    let reasons = err.cancellation_reasons();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0].code, None, "ada's update was fine");
    assert_eq!(reasons[1].code.as_deref(), Some("ConditionalCheckFailed"));
    assert_eq!(
        must("decode reason item", reasons[1].item_as::<Account>()),
        Some(account("bob", 30)),
        "the reason carries bob as stored"
    );
    assert_eq!(
        balances(&ddb, &accounts).await,
        [Some(account("ada", 70)), Some(account("bob", 30)), None],
        "nothing of the cancelled transaction was written"
    );

    let err = ddb
        .transact_write()
        .update::<Ledger>(
            &ledgers,
            "main".into(),
            Update::new().add("entries", 1),
            None,
        )
        .expected_version(1)
        .send()
        .await
        .expect_err("the ledger is at version 2");
    assert!(err.is_transaction_canceled(), "{err:?}");
    assert_eq!(
        err.cancellation_reasons()[0].code.as_deref(),
        Some("ConditionalCheckFailed")
    );

    must(
        "TransactWriteItems close",
        ddb.transact_write()
            .condition_check::<Account>(&accounts, "ada".into(), Attr::new("balance").eq(70))
            .delete::<Account>(&accounts, "bob".into(), Some(Attr::new("balance").eq(30)))
            .send()
            .await,
    );
    assert_eq!(
        balances(&ddb, &accounts).await,
        [Some(account("ada", 70)), None, None]
    );
    must("DeleteTable", accounts.delete().send().await);
    must("DeleteTable", ledgers.delete().send().await);
}

#[tokio::test]
async fn an_empty_or_malformed_transaction_is_refused_before_sending() {
    let (raw, listener) = common::unserved_client("dynamodb");
    let ddb = must("service resource", ServiceResource::from_client(raw));
    let accounts = ddb.table("never-called");
    let err = ddb.transact_write().send().await.expect_err("no writes");
    assert!(err.to_string().contains("no writes"), "{err}");
    let err = ddb
        .transact_write()
        .expected_version(1)
        .put(&accounts, &account("ada", 1), None)
        .update::<Account>(&accounts, "ada".into(), Update::new(), None)
        .send()
        .await
        .expect_err("misuse");
    let problems = err.validation_problems().join("\n");
    assert!(
        problems.contains("expected_version before any write"),
        "{problems}"
    );
    assert!(problems.contains("TransactItems[1]"), "{problems}");
    let err = ddb
        .transact_get::<Account>()
        .send()
        .await
        .expect_err("no gets");
    assert!(err.to_string().contains("no gets"), "{err}");
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("a request reached the server: {other:?}"),
    }
}
