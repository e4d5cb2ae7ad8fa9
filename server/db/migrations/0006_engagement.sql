CREATE TABLE "family_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"adult_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"happened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"follow_up_on" date,
	"follow_up_done_at" timestamp with time zone,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "family_contacts_kind_check" CHECK ("family_contacts"."kind" in ('phone', 'home_visit', 'coffee_morning', 'meeting', 'note'))
);
--> statement-breakpoint
CREATE TABLE "feo_caseload" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"feo_id" uuid NOT NULL,
	"adult_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "family_contacts" ADD CONSTRAINT "family_contacts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_contacts" ADD CONSTRAINT "family_contacts_adult_id_users_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_contacts" ADD CONSTRAINT "family_contacts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feo_caseload" ADD CONSTRAINT "feo_caseload_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feo_caseload" ADD CONSTRAINT "feo_caseload_feo_id_users_id_fk" FOREIGN KEY ("feo_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feo_caseload" ADD CONSTRAINT "feo_caseload_adult_id_users_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "family_contacts_adult_idx" ON "family_contacts" USING btree ("school_id","adult_id","happened_at");--> statement-breakpoint
CREATE INDEX "family_contacts_happened_idx" ON "family_contacts" USING btree ("school_id","happened_at");--> statement-breakpoint
CREATE INDEX "family_contacts_follow_up_idx" ON "family_contacts" USING btree ("school_id","follow_up_on") WHERE "family_contacts"."follow_up_on" is not null and "family_contacts"."follow_up_done_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "feo_caseload_key" ON "feo_caseload" USING btree ("school_id","feo_id","adult_id");--> statement-breakpoint
CREATE INDEX "deliveries_school_reached_idx" ON "deliveries" USING btree ("school_id","user_id","sent_at") WHERE "deliveries"."status" = 'sent' and "deliveries"."channel" <> 'in_app';--> statement-breakpoint
CREATE INDEX "notifications_school_read_idx" ON "notifications" USING btree ("school_id","read_at") WHERE "notifications"."read_at" is not null;--> statement-breakpoint
CREATE INDEX "messages_school_author_idx" ON "messages" USING btree ("school_id","author_id","created_at");--> statement-breakpoint
CREATE INDEX "newsletter_recipients_opened_idx" ON "newsletter_recipients" USING btree ("school_id","opened_at") WHERE "newsletter_recipients"."opened_at" is not null;