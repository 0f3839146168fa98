use crate::util::{Scratch, assert_snapshot, presend, repo_root, stderr, stdout};

#[test]
fn the_documented_schema_is_the_one_the_policy_types_give() {
    let output = presend(&["policy", "schema"], None);
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot(
        &repo_root().join("docs/policy.schema.json"),
        &stdout(&output),
    );
}

#[test]
fn init_explains_every_key_and_writes_a_policy_that_checks() {
    let schema: serde_json::Value =
        serde_json::from_str(&stdout(&presend(&["policy", "schema"], None))).expect("schema");
    let starter = stdout(&presend(&["policy", "init"], None));
    for (key, property) in schema["properties"].as_object().expect("properties") {
        let at = starter
            .find(&format!("\n  \"{key}\": "))
            .unwrap_or_else(|| panic!("{key} missing:\n{starter}"));
        let first_words: String = property["description"]
            .as_str()
            .expect("described")
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        let comment = &starter[..at];
        assert!(
            comment
                .rsplit("\n\n")
                .next()
                .is_some_and(|c| c.contains(&first_words)),
            "{key}: {first_words}"
        );
    }

    let scratch = Scratch::new("init");
    let file = scratch.0.join("policy.json");
    let file_arg = file.to_str().expect("UTF-8 path");
    let output = presend(&["policy", "init", file_arg], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&file).expect("written"), starter);
    let output = presend(&["policy", "check", file_arg], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // An existing policy is never replaced.
    std::fs::write(&file, "{}").expect("edit");
    let output = presend(&["policy", "init", file_arg], None);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), "{}");
}

#[test]
fn check_names_the_line_column_and_key_in_plain_words() {
    let scratch = Scratch::new("policy-check");
    let cases: [(&str, &str); 5] = [
        (
            "{\n  \"secure_domain\": [\"nhs.net\"]\n}\n",
            ":2:3: invalid policy at `secure_domain`: unknown key `secure_domain`; did you mean `secure_domains`?",
        ),
        (
            "{\n  // our limit\n  \"max_visible_external\": \"two\"\n}\n",
            ":3:3: invalid policy at `max_visible_external`: this must be a whole number, such as 1, not a string",
        ),
        (
            "{\n  \"rules\": {\n    \"txtspeak\": \"off\"\n  }\n}\n",
            ":3:5: invalid policy at `rules.txtspeak`: unknown rule `txtspeak`; did you mean `textspeak`?",
        ),
        (
            "{\n  \"rules\": { \"textspeak\": \"of\" }\n}\n",
            ":2:14: invalid policy at `rules.textspeak`: `of` is not one of off, info, warn, block; did you mean `off`?",
        ),
        (
            "{\n  \"secure_domains\": [\"nhs.net\" \"x.nhs.uk\"]\n}\n",
            ":2:32: invalid policy at `secure_domains`: a comma is missing between two items of a list",
        ),
    ];
    for (index, (text, expected)) in cases.iter().enumerate() {
        let file = scratch.0.join(format!("policy-{index}.json"));
        std::fs::write(&file, text).expect("write");
        let file_arg = file.to_str().expect("UTF-8 path");
        for args in [
            vec!["policy", "check", file_arg],
            vec!["check", "--policy", file_arg, "fixtures/clean"],
        ] {
            let output = presend(&args, None);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            let error = stderr(&output);
            assert!(
                error.contains(&format!("{file_arg}{expected}")),
                "{args:?}:\n{error}\nwanted {expected}"
            );
            assert!(
                stdout(&output).is_empty(),
                "nothing checked under a bad policy"
            );
        }
    }
}

#[test]
fn policy_prints_every_key_of_the_default() {
    let output = presend(&["policy"], None);
    assert_eq!(output.status.code(), Some(0));
    let default: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let schema: serde_json::Value =
        serde_json::from_str(&stdout(&presend(&["policy", "schema"], None))).expect("schema");
    let keys: Vec<&String> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .collect();
    let printed: Vec<&String> = default.as_object().expect("object").keys().collect();
    assert_eq!(
        printed, keys,
        "footer and every other key, null or empty included"
    );
}
