CREATE TABLE "forum_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"item_id" uuid,
	"description_cy" text NOT NULL,
	"description_en" text NOT NULL,
	"owner" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forum_actions_status_check" CHECK ("forum_actions"."status" in ('open', 'in_progress', 'done'))
);
--> statement-breakpoint
CREATE TABLE "forum_agenda_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"item_id" uuid,
	"position" integer NOT NULL,
	"title_cy" text DEFAULT '' NOT NULL,
	"title_en" text DEFAULT '' NOT NULL,
	"duration_minutes" integer NOT NULL,
	"reached" boolean,
	"minutes_cy" text DEFAULT '' NOT NULL,
	"minutes_en" text DEFAULT '' NOT NULL,
	"decision_cy" text DEFAULT '' NOT NULL,
	"decision_en" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_attendance" (
	"school_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"attending" boolean NOT NULL,
	"language" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forum_attendance_language_check" CHECK ("forum_attendance"."language" in ('cy', 'en', 'interpretation'))
);
--> statement-breakpoint
CREATE TABLE "forum_item_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"author_id" uuid,
	"client_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_item_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"actor_id" uuid,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"language" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_item_supports" (
	"school_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"forum_id" uuid NOT NULL,
	"author_id" uuid,
	"anonymous" boolean DEFAULT false NOT NULL,
	"original_language" text NOT NULL,
	"title_cy" text DEFAULT '' NOT NULL,
	"title_en" text DEFAULT '' NOT NULL,
	"description_cy" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"carried_over" boolean DEFAULT false NOT NULL,
	"decline_reason_cy" text,
	"decline_reason_en" text,
	"referred_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forum_items_language_check" CHECK ("forum_items"."original_language" in ('cy', 'en')),
	CONSTRAINT "forum_items_status_check" CHECK ("forum_items"."status" in ('proposed', 'accepted', 'scheduled', 'discussed', 'actioned', 'declined', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "forum_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"forum_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"online_url" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"publications" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"minutes_status" text DEFAULT 'none' NOT NULL,
	"minutes_approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forum_meetings_status_check" CHECK ("forum_meetings"."status" in ('planned', 'published')),
	CONSTRAINT "forum_meetings_minutes_check" CHECK ("forum_meetings"."minutes_status" in ('none', 'draft', 'shared', 'approved')),
	CONSTRAINT "forum_meetings_duration_check" CHECK ("forum_meetings"."duration_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "forum_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"forum_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"represents_class_id" uuid,
	"represents_year" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forum_members_role_check" CHECK ("forum_members"."role" in ('member', 'chair', 'facilitator'))
);
--> statement-breakpoint
CREATE TABLE "forums" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"name_cy" text NOT NULL,
	"name_en" text NOT NULL,
	"description_cy" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"open_item_limit" integer DEFAULT 3 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "calendar" text;--> statement-breakpoint
ALTER TABLE "forum_actions" ADD CONSTRAINT "forum_actions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_actions" ADD CONSTRAINT "forum_actions_meeting_id_forum_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."forum_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_actions" ADD CONSTRAINT "forum_actions_entry_id_forum_agenda_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."forum_agenda_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_actions" ADD CONSTRAINT "forum_actions_item_id_forum_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."forum_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_agenda_entries" ADD CONSTRAINT "forum_agenda_entries_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_agenda_entries" ADD CONSTRAINT "forum_agenda_entries_meeting_id_forum_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."forum_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_agenda_entries" ADD CONSTRAINT "forum_agenda_entries_item_id_forum_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."forum_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_attendance" ADD CONSTRAINT "forum_attendance_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_attendance" ADD CONSTRAINT "forum_attendance_meeting_id_forum_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."forum_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_attendance" ADD CONSTRAINT "forum_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_item_comments" ADD CONSTRAINT "forum_item_comments_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_item_comments" ADD CONSTRAINT "forum_item_comments_item_id_forum_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."forum_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_item_comments" ADD CONSTRAINT "forum_item_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_item_events" ADD CONSTRAINT "forum_item_events_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_item_events" ADD CONSTRAINT "forum_item_events_item_id_forum_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."forum_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_item_events" ADD CONSTRAINT "forum_item_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_item_supports" ADD CONSTRAINT "forum_item_supports_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_item_supports" ADD CONSTRAINT "forum_item_supports_item_id_forum_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."forum_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_item_supports" ADD CONSTRAINT "forum_item_supports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_items" ADD CONSTRAINT "forum_items_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_items" ADD CONSTRAINT "forum_items_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_items" ADD CONSTRAINT "forum_items_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_meetings" ADD CONSTRAINT "forum_meetings_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_meetings" ADD CONSTRAINT "forum_meetings_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_members" ADD CONSTRAINT "forum_members_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_members" ADD CONSTRAINT "forum_members_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_members" ADD CONSTRAINT "forum_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_members" ADD CONSTRAINT "forum_members_represents_class_id_classes_id_fk" FOREIGN KEY ("represents_class_id") REFERENCES "public"."classes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forums" ADD CONSTRAINT "forums_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forum_actions_meeting_idx" ON "forum_actions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "forum_actions_item_idx" ON "forum_actions" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_agenda_entries_position_key" ON "forum_agenda_entries" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "forum_agenda_entries_item_idx" ON "forum_agenda_entries" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_attendance_key" ON "forum_attendance" USING btree ("meeting_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_item_comments_client_key" ON "forum_item_comments" USING btree ("author_id","client_id");--> statement-breakpoint
CREATE INDEX "forum_item_comments_item_idx" ON "forum_item_comments" USING btree ("item_id","created_at");--> statement-breakpoint
CREATE INDEX "forum_item_events_item_idx" ON "forum_item_events" USING btree ("item_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_item_supports_key" ON "forum_item_supports" USING btree ("item_id","user_id");--> statement-breakpoint
CREATE INDEX "forum_items_forum_idx" ON "forum_items" USING btree ("forum_id","created_at");--> statement-breakpoint
CREATE INDEX "forum_items_author_idx" ON "forum_items" USING btree ("forum_id","author_id","status");--> statement-breakpoint
CREATE INDEX "forum_meetings_forum_idx" ON "forum_meetings" USING btree ("forum_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_members_forum_user_key" ON "forum_members" USING btree ("forum_id","user_id");--> statement-breakpoint
CREATE INDEX "forum_members_user_idx" ON "forum_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "forums_school_idx" ON "forums" USING btree ("school_id");