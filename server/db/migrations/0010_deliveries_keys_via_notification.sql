ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_school_id_schools_id_fk";
--> statement-breakpoint
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_user_id_users_id_fk";
