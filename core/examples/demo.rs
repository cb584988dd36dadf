//! Sends a text, an email, an email with a file, a letter and a precompiled letter, then reads
//! their status, a template and a letter PDF. Run against the local simulator by `make demo`, or
//! against Notify with your own key and template ids:
//!
//! ```sh
//! NOTIFY_API_KEY=... NOTIFY_BASE_URL=http://127.0.0.1:6011 cargo run -p govuk-notify --example demo
//! ```
#![allow(clippy::print_stdout)]

use govuk_notify::{
    prepare_upload, Client, ErrorKind, Personalisation, SendEmail, SendLetter,
    SendPrecompiledLetter, SendSms, UploadOptions,
};
use serde_json::json;

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn personalisation(v: serde_json::Value) -> Personalisation {
    v.as_object().cloned().unwrap_or_default()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder(&env(
        "NOTIFY_API_KEY",
        "simulator_test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
    ))
    .base_url(env("NOTIFY_BASE_URL", "http://127.0.0.1:6011"))
    .build()?;
    let sms_template = env("SMS_TEMPLATE_ID", "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    let email_template = env("EMAIL_TEMPLATE_ID", "5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8");
    let file_template = env(
        "EMAIL_FILE_TEMPLATE_ID",
        "6f3e5d7c-8b9a-4c0d-b2e3-f4a5b6c7d8e9",
    );
    let letter_template = env("LETTER_TEMPLATE_ID", "7a4f6e8d-9cab-4d1e-83f4-a5b6c7d8e9f0");

    let sms = client
        .send_sms(
            &SendSms::new("07700900123", &sms_template)
                .personalisation(personalisation(json!({"name": "Amala"})))
                .reference("demo-sms"),
        )
        .await?;
    println!("[rust] text message {} : {}", sms.id, sms.content.body);

    let email = client
        .send_email(
            &SendEmail::new("amala@example.com", &email_template)
                .personalisation(personalisation(json!({"name": "Amala"}))),
        )
        .await?;
    println!(
        "[rust] email        {} : {}",
        email.id, email.content.subject
    );

    let file = prepare_upload(
        b"name,score\nAmala,10\n",
        UploadOptions {
            filename: Some("report.csv".into()),
            ..UploadOptions::default()
        },
    )?;
    let with_file = client
        .send_email(
            &SendEmail::new("amala@example.com", &file_template)
                .personalisation(personalisation(json!({"link_to_file": file.to_value()}))),
        )
        .await?;
    println!(
        "[rust] file email   {} : {}",
        with_file.id, with_file.content.body
    );

    let letter = client
        .send_letter(
            &SendLetter::new(
                &letter_template,
                personalisation(json!({
                    "address_line_1": "Amala Example",
                    "address_line_2": "1 Example Street",
                    "address_line_3": "London",
                    "postcode": "SW1A 1AA",
                    "name": "Amala",
                })),
            )
            .reference("demo-letter"),
        )
        .await?;
    println!(
        "[rust] letter       {} : {}",
        letter.id, letter.content.subject
    );

    let pdf = include_bytes!("../tests/data/fixtures/letter.pdf");
    let pre = client
        .send_precompiled_letter(
            &SendPrecompiledLetter::new("demo-precompiled", pdf.to_vec()).postage("first"),
        )
        .await?;
    println!("[rust] precompiled  {} : postage {}", pre.id, pre.postage);

    for id in [&sms.id, &email.id, &with_file.id, &letter.id, &pre.id] {
        let n = client.get_notification(id).await?;
        println!(
            "[rust] status       {id} : {} {}",
            n.notification_type, n.status
        );
    }
    match client.get_pdf_for_letter(&letter.id).await {
        Ok(bytes) => println!("[rust] letter PDF   {} bytes", bytes.len()),
        Err(e) if e.kind() == ErrorKind::Validation && e.is_pdf_not_ready() => {
            println!("[rust] letter PDF   not ready yet (PDFNotReadyError), as on Notify");
        }
        Err(e) => return Err(e.into()),
    }
    let template = client.get_template(&sms_template).await?;
    println!(
        "[rust] template     {} v{} : {}",
        template.name, template.version, template.body
    );

    // Typed errors: a bad template id is refused before anything is sent.
    if let Err(err) = client
        .send_sms(&SendSms::new("07700900123", "not-a-uuid"))
        .await
    {
        println!("[rust] error        kind={} : {}", err.kind(), err);
    }
    Ok(())
}
