//! The typed convenience methods of [`crate::Client`] and [`crate::blocking::Client`], written
//! once. Each builds its operation's request from plain arguments and runs it through the
//! client's `call` (or `execute`, for the PDF); the async client's copy is `async` and awaits.

/// Expands to the typed methods inside an `impl` of a client that has `call` and `execute`.
/// `typed_operations!(async; .await)` for the async client, `typed_operations!(;)` for the
/// blocking one. The expansion uses `Bytes`, `Error`, `models` and `requests` from the caller's
/// scope.
macro_rules! typed_operations {
    ($($async:ident)?; $($await:tt)*) => {
        /// Sends a text message.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn send_sms(&self, req: &requests::SendSms) -> Result<models::SmsResponse, Error> {
            self.call(req) $($await)*
        }

        /// Sends an email.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn send_email(
            &self,
            req: &requests::SendEmail,
        ) -> Result<models::EmailResponse, Error> {
            self.call(req) $($await)*
        }

        /// Sends a letter from a template.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn send_letter(
            &self,
            req: &requests::SendLetter,
        ) -> Result<models::LetterResponse, Error> {
            self.call(req) $($await)*
        }

        /// Sends a precompiled PDF letter.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn send_precompiled_letter(
            &self,
            req: &requests::SendPrecompiledLetter,
        ) -> Result<models::PrecompiledLetterResponse, Error> {
            self.call(req) $($await)*
        }

        /// Gets one notification.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call); `NotFound` for an unknown id.
        pub $($async)? fn get_notification(
            &self,
            notification_id: &str,
        ) -> Result<models::Notification, Error> {
            self.call(&requests::GetNotification {
                notification_id: notification_id.to_owned(),
            }) $($await)*
        }

        /// Gets one page of notifications.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn list_notifications(
            &self,
            req: &requests::ListNotifications,
        ) -> Result<models::NotificationList, Error> {
            self.call(req) $($await)*
        }

        /// Gets the PDF of a letter. Until Notify has generated it the error is a `Validation`
        /// error for which [`Error::is_pdf_not_ready`](crate::Error::is_pdf_not_ready) is true.
        ///
        /// # Errors
        /// See [`Client::execute`](crate::Client::execute).
        pub $($async)? fn get_pdf_for_letter(&self, notification_id: &str) -> Result<Bytes, Error> {
            let req = requests::GetPdfForLetter {
                notification_id: notification_id.to_owned(),
            }
            .to_http()?;
            Ok(self.execute(&req) $($await)* ?.body)
        }

        /// Gets the latest version of a template.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn get_template(&self, template_id: &str) -> Result<models::Template, Error> {
            self.call(&requests::GetTemplate {
                template_id: template_id.to_owned(),
            }) $($await)*
        }

        /// Gets one version of a template.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn get_template_version(
            &self,
            template_id: &str,
            version: u32,
        ) -> Result<models::Template, Error> {
            self.call(&requests::GetTemplateVersion {
                template_id: template_id.to_owned(),
                version,
            }) $($await)*
        }

        /// Lists templates, optionally of one type (`sms`, `email`, `letter`).
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn list_templates(
            &self,
            template_type: Option<&str>,
        ) -> Result<models::TemplateList, Error> {
            self.call(&requests::ListTemplates {
                template_type: template_type.map(str::to_owned),
            }) $($await)*
        }

        /// Renders a template without sending it.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn preview_template(
            &self,
            req: &requests::PreviewTemplate,
        ) -> Result<models::TemplatePreview, Error> {
            self.call(req) $($await)*
        }

        /// Gets one page of received text messages.
        ///
        /// # Errors
        /// See [`Client::call`](crate::Client::call).
        pub $($async)? fn list_received_texts(
            &self,
            older_than: Option<&str>,
        ) -> Result<models::ReceivedTextList, Error> {
            self.call(&requests::ListReceivedTexts {
                older_than: older_than.map(str::to_owned),
            }) $($await)*
        }
    };
}

pub(crate) use typed_operations;
