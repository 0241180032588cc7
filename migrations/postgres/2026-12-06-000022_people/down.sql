DROP TABLE invitation_clusters;
DROP TABLE invitations;
DROP TABLE account_grants;
DROP TABLE accounts;
